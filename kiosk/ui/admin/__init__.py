"""Admin mode: the windows of bank editors, approvers and operators."""
