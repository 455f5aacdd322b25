"""The sandbox: a stateful PortOne-V1-compatible server on 127.0.0.1 (training mode and tests).

``server.SandboxServer`` is the entry point; ``demo`` lists the credentials and demo data ids.
"""
