class Thing: pass
