"""An offline emulator of the IdentityCall API: every documented operation, keys, faults.

See README.md in this folder for endpoints, keys, knobs and settings.
"""
