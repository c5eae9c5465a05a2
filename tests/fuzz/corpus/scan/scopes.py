def outer():
    import a
    def inner():
        import b
    return lambda: __import__("c")
async def co():
    import d
    async with x as y:
        import e
class K:
    import f
    def m(self):
        import g
    class Inner:
        import h
def maker():
    class Local:
        import i
