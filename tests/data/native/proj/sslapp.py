import _ssl
