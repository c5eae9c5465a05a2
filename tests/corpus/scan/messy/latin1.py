# -*- coding: latin-1 -*-
import café_module
name = "été"
