"""A deed's photo or document becomes a DeedEvidence, a StoredFile like every attached file: the files stay where
they are (their names are copied), with their size read from the storage when it still has them."""

import django.db.models.deletion
import lamtheo.lib.uploads
from django.conf import settings
from django.db import migrations, models


def move_files(apps, schema_editor):
    Deed = apps.get_model("pledges", "Deed")
    DeedEvidence = apps.get_model("pledges", "DeedEvidence")
    rows = []
    for deed in Deed.objects.exclude(attachment="").iterator():
        try:
            size = deed.attachment.size
        except OSError:  # the file is gone: the row keeps its name, the page answers 404 as before
            size = 0
        rows.append(
            DeedEvidence(
                deed=deed,
                file=deed.attachment.name,
                name=deed.attachment_name or deed.attachment.name.rsplit("/", 1)[-1],
                size=size,
                uploaded_by_id=deed.author_id,
            )
        )
    DeedEvidence.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DeedEvidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to=lamtheo.lib.uploads.stored_file_path, verbose_name='tệp')),
                ('name', models.CharField(max_length=200, verbose_name='tên tệp')),
                ('size', models.PositiveBigIntegerField()),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('deed', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='pledges.deed')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'ảnh hoặc tài liệu minh chứng',
                'verbose_name_plural': 'ảnh, tài liệu minh chứng',
                'ordering': ['uploaded_at', 'pk'],
                'abstract': False,
            },
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='deed',
            name='attachment',
        ),
        migrations.RemoveField(
            model_name='deed',
            name='attachment_name',
        ),
    ]
