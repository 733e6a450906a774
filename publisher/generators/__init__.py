"""Reading a site the way Hugo, Jekyll or Pelican reads it."""
