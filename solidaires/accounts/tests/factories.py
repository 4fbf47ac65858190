from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from solidaires.accounts.models import Profile, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    display_name = factory.Faker("first_name", locale="fr_FR")
    role = Role.INHABITANT
    password = factory.PostGenerationMethodCall("set_password", "une phrase de passe solide")

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """A verified primary e-mail address, as after sign-up (pass verified=False to skip)."""
        self.save()
        Profile.objects.get_or_create(user=self)
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def mfa(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Agents and admins get a TOTP device by default (required for them); mfa=False skips."""
        wants = extracted if extracted is not None else self.requires_two_factor
        if create and wants:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(self, generate_totp_secret())


class AgentFactory(UserFactory):
    role = Role.AGENT
    email = factory.Sequence(lambda n: f"agent{n}@agglo.exemple.fr")


class ElectedFactory(UserFactory):
    role = Role.ELECTED
    email = factory.Sequence(lambda n: f"elu{n}@agglo.exemple.fr")


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True
    email = factory.Sequence(lambda n: f"admin{n}@agglo.exemple.fr")
