"""Policy shared by actions and jobs: offerable orders, locations, commitments, refusals."""
