from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("index/sync/", views.sync_now, name="sync"),
]
