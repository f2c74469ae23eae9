# The assessment pages arrive with their own issue; the app already has its place in the URLconf.
app_name = "assessment"
urlpatterns = []
