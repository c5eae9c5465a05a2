import pyexpat.errors
