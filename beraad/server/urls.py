from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from beraad.server import api, logins, pages

admin.site.site_header = "beraad: beheer van het knelpuntenregister"
admin.site.site_title = "beraad beheer"
admin.site.index_title = "Beheer"
admin.site.login_form = logins.AdminLoginForm

urlpatterns = [
    path("", pages.inbox, name="inbox"),
    path("knelpunt/<str:ref>/", pages.detail, name="knelpunt"),
    path("knelpunt/<str:ref>/stap/", pages.step, name="stap"),
    path("knelpunt/<str:ref>/eigenaar/", pages.owner, name="eigenaar"),
    path("knelpunt/<str:ref>/route/", pages.route, name="route"),
    path("samenvoegen/", pages.merge, name="samenvoegen"),
    path("thema/<uuid:pk>/", pages.theme, name="thema"),
    path("thema/<uuid:pk>/titel/", pages.theme_title, name="thema-titel"),
    path("trends/", pages.trends_page, name="trends"),
    path("knelpunten.csv", pages.export_csv, name="csv"),
    path("audit/", pages.audit, name="audit"),
    path("stijl.css", pages.style, name="stijl"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="register/login.html", authentication_form=logins.LoginForm),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/", logins.PasswordView.as_view(), name="wachtwoord"),
    path("beheer/", admin.site.urls),
    path("api/v1/koppel", api.koppel, name="api-koppel"),
    path("api/v1/events", api.events_view, name="api-events"),
    path("api/v1/routes", api.routes, name="api-routes"),
    path("api/v1/openapi.json", api.openapi, name="api-openapi"),
]

handler400 = pages.bad_request
handler403 = pages.forbidden
handler404 = pages.not_found
handler500 = pages.server_error
