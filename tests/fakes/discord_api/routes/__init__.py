"""Route handlers of the fake's HTTP API, one module per kind of resource."""
