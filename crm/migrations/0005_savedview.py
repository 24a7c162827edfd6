import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('crm', '0004_job'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SavedView',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('list_key', models.CharField(max_length=100, verbose_name='list')),
                ('name', models.CharField(max_length=80, verbose_name='name')),
                ('query', models.CharField(blank=True, max_length=2000, verbose_name='filters and sort')),
                ('shared', models.BooleanField(default=False, verbose_name='shared with my team')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='updated at')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='saved_views', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'saved view',
                'verbose_name_plural': 'saved views',
                'ordering': ['name', 'id'],
                'indexes': [models.Index(fields=['list_key', 'shared', 'owner'], name='savedview_shared_idx')],
                'constraints': [models.UniqueConstraint(models.F('owner'), models.F('list_key'), django.db.models.functions.text.Lower('name'), name='savedview_owner_name_uniq')],
            },
        ),
        migrations.CreateModel(
            name='SavedViewDefault',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('list_key', models.CharField(max_length=100, verbose_name='list')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='saved_view_defaults', to=settings.AUTH_USER_MODEL)),
                ('view', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='defaults', to='crm.savedview')),
            ],
            options={
                'verbose_name': 'default view',
                'constraints': [models.UniqueConstraint(fields=('user', 'list_key'), name='savedviewdefault_uniq')],
            },
        ),
    ]
