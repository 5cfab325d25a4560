from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "sangua.boards"
    label = "boards"
