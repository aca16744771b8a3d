"""The pages of the meetings app, one module per page family; urls.py and public_urls.py name
the views through their module (`meetings.meeting_list`, `minutes.minutes_detail`, ...).

- meetings.py: meetings, agenda, action items
- attendance.py: the attendance page (pre-filled from the Committee, a new person added on a line)
- minutes.py: the minutes (items, statements, decisions, actions, circulation, comments, approval)
- redline.py: the comparison of two versions of the minutes (and of a correction with what it
  corrects)
- invitations.py: the invitation sent to the Committee, a delegation's answer, the meeting pack
- summary.py: the ISU's page for a meeting's sanitised public summary
- imports.py: the import of existing minutes (upload, review, commit)
- public.py: the public pages (no login), cached per visitor-independent page
"""
