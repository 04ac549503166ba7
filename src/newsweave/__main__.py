from newsweave.serve.cli import app

app()
