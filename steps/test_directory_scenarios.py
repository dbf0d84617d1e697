"""Binds every directory-role feature to pytest (one test per scenario / example row)."""
from pytest_bdd import scenarios

scenarios("directory")
