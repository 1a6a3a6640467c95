from django.urls import path

from . import compare_views, insight_views, views

app_name = "insights"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("index/sync/", views.sync_now, name="sync"),
    path("compare/", compare_views.compare_page, name="compare"),
    path("insights/", insight_views.insights_page, name="insights"),
    path("insights/week/", insight_views.week_block, name="week_block"),
    path("insights/<slug:table>.csv", insight_views.insights_csv, name="insights_csv"),
]
