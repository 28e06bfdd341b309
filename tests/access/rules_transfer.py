"""Access rules of moving data (issue 20): a person's own data and account deletion (every
signed-in person, for themselves only), and organizers' HotCRP and CSV imports."""

from tests.access.rules import rule
from tests.access.world import LOGGED_IN, ORGANIZERS

RULES = [
    rule("transfer.my_data", "GET", "/account/data", LOGGED_IN, note="their own data only"),
    rule("transfer.delete_account", "GET", "/account/delete", LOGGED_IN),
    rule("transfer.delete_account", "POST", "/account/delete", LOGGED_IN, data={"password": "not the password"},
         note="a wrong password deletes nothing (400); only one's own account"),
    rule("transfer.hotcrp", "GET", "/{slug}/manage/import/hotcrp", ORGANIZERS),
    rule("transfer.hotcrp", "POST", "/{slug}/manage/import/hotcrp", ORGANIZERS, data={"token": "forged"}),
    rule("transfer.csv", "GET", "/{slug}/manage/import/csv", ORGANIZERS),
    rule("transfer.csv", "POST", "/{slug}/manage/import/csv", ORGANIZERS,
         data={"kind": "decisions", "text": "1,reject", "action": "preview"},
         note="a conflicted organizer is let in; the line of their own submission is refused"),
]
