"""The pages of the meetings app, one module per page family; urls.py and public_urls.py name
the views through their module (`meetings.meeting_list`, `minutes.minutes_detail`, ...).

- meetings.py: meetings, agenda, attendance, action items
- minutes.py: the minutes (items, statements, decisions, actions, circulation, comments, approval)
- invitations.py: the invitation sent to the Committee, a delegation's answer
- summary.py: the ISU's page for a meeting's sanitised public summary
- imports.py: the import of existing minutes (upload, review, commit)
- public.py: the public pages (no login), cached per visitor-independent page
"""
