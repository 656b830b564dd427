"""Login codes, and later passwords, the audit chain, signatures and keys at rest."""
