"""Data access for actions and jobs: one module per table family, plain functions over a Session."""
