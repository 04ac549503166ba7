"""newsweave: raw multilingual news in, one cross-lingual picture of what is happening out."""

__version__ = "0.1.0"
