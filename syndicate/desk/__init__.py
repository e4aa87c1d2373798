"""The editors' desk: a local web app over the same library calls the CLI makes.

``syndicate desk`` serves it (waitress, 127.0.0.1 by default). Editors log in (users.py: scrypt
hashes in the workspace); every page and action goes through routes.py's views, which call
job.OutputFolder (correct, approve, withdraw) and glossary.edit (approve, add, update) as the
logged-in editor — the desk never writes an edition or a glossary row itself. security.py holds
the CSRF tokens, the login rate limit and the response headers (a Content-Security-Policy
without inline script).
"""
