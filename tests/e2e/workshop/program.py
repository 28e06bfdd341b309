"""The organizer schedules the talk and the poster and releases the schedule; a visitor sees
the talk in the event page's schedule, opens it and downloads its calendar entry."""

from playwright.sync_api import expect

from tests.e2e.workshop.cast import NAME, Story


def organizer_schedules_and_releases(story: Story) -> None:
    organizer = story.organizer
    organizer.go(f"{story.base}/")
    organizer.nav("Program")
    page = organizer.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule editor")
    organizer.click("Start from the seed day")
    expect(page.locator(".flash")).to_contain_text("The draft now holds the seed day's slots.")

    page.get_by_role("link", name="Edit Contributed Talk 1", exact=True).click()
    talk = page.get_by_label("Accepted talk (contributed-talk slots only)", exact=True)
    talk.select_option(label=next(o for o in talk.locator("option").all_inner_texts()
                                  if story.titles["paper"] in o))
    organizer.click("Save slot")
    expect(page.locator(".flash")).to_contain_text("The slot is saved.")
    expect(page.get_by_role("row").filter(has_text="Contributed Talk 1")).to_contain_text(story.titles["paper"])

    poster_row = page.get_by_role("row").filter(has_text="Poster Session")
    poster_row.get_by_role("link", name="Place a poster").click()
    work = page.get_by_label("Accepted work", exact=True)
    work.select_option(label=next(o for o in work.locator("option").all_inner_texts()
                                  if story.titles["creative"] in o))
    page.get_by_label("Board number", exact=True).fill("1")
    organizer.click("Place poster")
    expect(page.locator(".flash")).to_contain_text("The poster is placed.")
    expect(page.get_by_text(f"Board 1: #2 {story.titles['creative']}")).to_be_visible()
    organizer.shot("13-organizer-schedule-editor")

    page.get_by_role("link", name="Review the changes and release a new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release the schedule")
    organizer.click("Release")
    expect(page.locator(".flash")).to_contain_text("Version 1 of the schedule is released.")
    for author in story.authors:  # each presenter hears where their work is
        assert "your presentation is in the schedule" in author.inbox("presentation").subject
    visibility = organizer.form("Save visibility")
    visibility.get_by_label("Show the program publicly", exact=True).check()
    organizer.click("Save visibility")
    expect(page.locator(".flash")).to_contain_text("The program is public.")


def visitor_sees_the_talk(story: Story, downloads) -> None:
    visitor = story.visitor
    visitor.go("/")
    visitor.click(NAME, role="link")
    page = visitor.page
    schedule = page.get_by_role("region", name="Schedule")
    row = schedule.get_by_role("row").filter(has_text=story.titles["paper"])
    expect(row).to_contain_text("11:00")
    expect(row).to_contain_text(story.authors[0].name)
    visitor.shot("14-public-schedule")
    row.get_by_role("link", name=story.titles["paper"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story.titles["paper"])
    visitor.sees("Contributed Talk 1")
    visitor.shot("15-public-talk-page")
    visitor.nav("Schedule")
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule")
    expect(page.get_by_role("row").filter(has_text=story.titles["paper"])).to_contain_text("11:00")
    with page.expect_download() as schedule_info:
        visitor.click("Calendar (iCal)", role="link")
    assert "BEGIN:VCALENDAR" in schedule_info.value.path().read_text()
    page.go_back()
    with page.expect_download() as info:
        visitor.click("Add to calendar (iCal)", role="link")
    path = downloads / "talk.ics"
    info.value.save_as(path)
    calendar = path.read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in calendar and story.titles["paper"][:40] in calendar.replace("\r\n ", "")
