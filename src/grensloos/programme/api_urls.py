from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("programmes", api.WorkProgrammeViewSet, basename="programme")
router.register("lines", api.StrategicLineViewSet, basename="line")
router.register("themes", api.ThemeViewSet, basename="theme")
router.register("territories", api.TerritoryViewSet, basename="territory")
router.register("projects", api.ProjectViewSet, basename="project")
router.register("milestones", api.MilestoneViewSet, basename="milestone")
router.register("indicators", api.IndicatorViewSet, basename="indicator")
router.register("measurements", api.MeasurementViewSet, basename="measurement")
router.register("progress-updates", api.ProgressUpdateViewSet, basename="progressupdate")
router.register("comments", api.ProjectCommentViewSet, basename="projectcomment")
router.register("annual-plans", api.AnnualPlanViewSet, basename="annualplan")
router.register("priorities", api.PriorityViewSet, basename="priority")

app_name = "programme-api"
urlpatterns = router.urls
