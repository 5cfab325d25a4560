from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "sangua.transfer"
    label = "transfer"
    verbose_name = "Excel import and export"

    def ready(self) -> None:
        from sangua.security.downloads import register_download

        from .models import ImportJob

        # the uploader (and a superuser) may download an import's file as it was sent
        register_download(
            ImportJob,
            "file",
            can_see=lambda user, job: user.is_superuser or job.created_by_id == user.pk,
        )
