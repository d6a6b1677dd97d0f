"""The catalog template: the JSON Schema RetailOps feed templates must emit, and its parser."""
