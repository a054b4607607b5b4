"""Web API methods the fake implements, one module per family (auth, chat, ...)."""
