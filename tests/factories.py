"""factory_boy factories for the register and meetings."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from directory.models import Convention, Organisation, Person, State, Term, ThematicArea
from meetings.models import ActionItem, AgendaItem, Meeting


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention
        django_get_or_create = ("code",)

    code = "ccm"
    short_name = "CCM"
    name = "Convention on Cluster Munitions"


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso3",)

    # 'Q' codes are user-assigned in ISO 3166, so they never collide with a real State's.
    iso3 = factory.Sequence(lambda n: "Q" + chr(65 + (n // 26) % 26) + chr(65 + n % 26))
    name = factory.Sequence(lambda n: f"Testland {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    title = "Ms."
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    delegation = factory.LazyAttribute(lambda o: StateFactory().delegation)


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("name",)

    name = "7MSP"
    presidency = factory.SubFactory(StateFactory, iso3="DEU", name="Germany")
    start = datetime.date(2016, 9, 7)
    end = datetime.date(2017, 9, 6)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = Meeting.Kind.COORDINATION_COMMITTEE
    title = factory.Sequence(lambda n: f"Coordination Committee meeting {n}")
    date = datetime.date(2016, 12, 7)
    status = Meeting.Status.PLANNED

    @factory.post_generation
    def conventions(self, create, extracted, **kwargs):
        if create:
            self.conventions.set(extracted or [ConventionFactory()])


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Item {n}")
    position = factory.Sequence(lambda n: n + 1)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Send the letters ({n})")
    owner_delegation = factory.LazyAttribute(lambda o: StateFactory().delegation)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("demo")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=role)[0])


def user_with_role(username: str, role: str | None, state: State | None = None) -> User:
    """A login with a role, tied to a person of a State's delegation when state is given."""
    user = UserFactory(username=username, roles=[role] if role else [])
    if state is not None:
        PersonFactory(user=user, delegation=state.delegation, last_name=username)
    return user
