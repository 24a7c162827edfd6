from support.filters.cases import SCOPES, CaseFilter, CaseScopeForm

__all__ = ["SCOPES", "CaseFilter", "CaseScopeForm"]
