from django.views import View

LeadListView = LeadCreateView = LeadDetailView = LeadEditView = LeadConvertView = View


def lead_assign(request):
    raise NotImplementedError


lead_set_status = lead_assign
