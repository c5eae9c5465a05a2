import app.cli
