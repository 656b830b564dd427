"""The Qt side of the kiosk: widgets only, calling the services and drawing what they return.

``kiosk.ui`` imports no database code (an import contract checks it); rules live in
``kiosk.domain`` and use cases in ``kiosk.services``.
"""
