"""Qt-free local state: app folders, keyring credentials, profiles and the activity log.

``paths`` (AppPaths), ``secrets`` (SecretStore, the only keyring user), ``profiles``
(Profile, ProfileStore), ``audit`` (AuditLog) with ``audit_redact`` and ``audit_export``.
Submodules are imported explicitly so that loading one does not pull in the others.
"""
