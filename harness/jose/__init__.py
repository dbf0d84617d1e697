"""JOSE for SETs: signing keys with rotation, signing, decoding and verifying (jwcrypto underneath)."""
from harness.jose.keys import SigningKey, KeyRing
from harness.jose.sets import (
    DecodedSET, SETDecodeError, SETVerifyError, decode_set, is_set_typ, sign_set, verify_set,
)

__all__ = [
    "SigningKey", "KeyRing", "DecodedSET", "SETDecodeError", "SETVerifyError",
    "decode_set", "is_set_typ", "sign_set", "verify_set",
]
