def setup_api():
    import callpkg.leaf_api
