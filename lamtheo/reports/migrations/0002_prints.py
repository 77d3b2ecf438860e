import django.db.models.deletion
import lamtheo.reports.models
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import migrations, models


def keep_frozen_copies(apps, schema_editor):
    """Each issued report's frozen DOCX becomes its DOCX print, stored as a file, before the column goes."""
    Report = apps.get_model("reports", "Report")
    ReportPrint = apps.get_model("reports", "ReportPrint")
    for report in Report.objects.filter(frozen_docx__isnull=False).iterator():
        row = ReportPrint(
            report=report,
            version=report.version,
            format="docx",
            status="done",
            requested_at=report.issued_at or report.updated_at,
            finished_at=report.issued_at or report.updated_at,
        )
        row.file.save(f"bao-cao-{report.pk}.docx", ContentFile(bytes(report.frozen_docx)), save=False)
        row.save()


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportPrint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='phiên bản')),
                ('format', models.CharField(choices=[('docx', 'Word (DOCX)'), ('pdf', 'PDF')], max_length=4, verbose_name='định dạng')),
                ('status', models.CharField(choices=[('queued', 'Đang chờ'), ('running', 'Đang tạo'), ('done', 'Đã tạo xong'), ('failed', 'Không tạo được')], default='queued', max_length=8, verbose_name='trạng thái')),
                ('step', models.CharField(blank=True, max_length=200, verbose_name='bước')),
                ('error', models.TextField(blank=True, verbose_name='lý do')),
                ('file', models.FileField(blank=True, max_length=200, upload_to=lamtheo.reports.models._print_path, verbose_name='tệp')),
                ('task_id', models.CharField(blank=True, editable=False, max_length=64, verbose_name='mã việc nền')),
                ('requested_at', models.DateTimeField(verbose_name='lúc yêu cầu')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='lúc xong')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='prints', to='reports.report', verbose_name='báo cáo')),
                ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'bản in báo cáo',
                'verbose_name_plural': 'bản in báo cáo',
                'constraints': [models.UniqueConstraint(fields=('report', 'version', 'format'), name='unique_report_print')],
            },
        ),
            migrations.RunPython(keep_frozen_copies, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='report',
            name='frozen_docx',
        ),
    ]
