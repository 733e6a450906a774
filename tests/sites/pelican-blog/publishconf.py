import sys
sys.path.append(".")
from pelicanconf import *  # noqa

SITEURL = "https://blog.getpelican.com"

DELETE_OUTPUT_DIRECTORY = True
