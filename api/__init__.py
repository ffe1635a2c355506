"""HTTP interface of Maraude: app factory, routers, schemas, errors and the CLI."""
