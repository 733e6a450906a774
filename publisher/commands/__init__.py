"""The back-ends of the commands that are not the build, one module per command."""
