from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "sangua.projects"
    label = "projects"
