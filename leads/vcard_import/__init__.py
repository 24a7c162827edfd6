"""New leads from a .vcf file: read it, plan what each card becomes (shown as a preview),
then create the leads in one transaction.

Planning touches no database: it decides names, validates every value the way the contact
mechanism services will, and turns what they would refuse into a warning (the value is left
out) or a card error (the card is left out), so that the import itself does not fail half-way.
"""

from leads.vcard_import.create import leads_import_vcards
from leads.vcard_import.file import (
    MAX_CARDS,
    MAX_FILE_BYTES,
    vcard_file_limits,
    vcard_file_read,
    vcard_file_size_check,
)
from leads.vcard_import.known import known_cards
from leads.vcard_import.plan import vcard_import_plan
from leads.vcard_import.planned import ImportPlan, PlannedAddress, PlannedLead, PlannedPhone
