"""pot as a tool for agents: an MCP server (`pot mcp`) over the Python API.

`library` holds what an agent reads to learn the language; `server` builds the MCP
server on the official `mcp` SDK (the `mcp` extra). Nothing here is imported by the rest
of pot: only `pot mcp` pays for the SDK.
"""
