from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfbizConfig(AppConfig):
    name = "ofbiz"
    verbose_name = _("OFBiz import")
    default_auto_field = "django.db.models.BigAutoField"
