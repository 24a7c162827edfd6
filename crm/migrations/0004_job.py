import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('crm', '0003_userprofile_time_zone'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Job',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=200, verbose_name='kind')),
                ('label', models.CharField(max_length=255, verbose_name='label')),
                ('state', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='queued', max_length=16, verbose_name='state')),
                ('total', models.PositiveBigIntegerField(default=0, verbose_name='total')),
                ('done', models.PositiveBigIntegerField(default=0, verbose_name='done')),
                ('result', models.JSONField(blank=True, default=dict, verbose_name='result')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('task_result_id', models.CharField(blank=True, max_length=64)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
            ],
            options={
                'verbose_name': 'job',
                'ordering': ['-created_at', '-id'],
                'indexes': [
                    models.Index(fields=['created_by', '-created_at', '-id'], name='job_mine_idx'),
                    models.Index(fields=['-created_at', '-id'], name='job_all_idx'),
                    models.Index(fields=['state'], name='job_state_idx'),
                ],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('state__in', ['queued', 'running', 'done', 'failed', 'cancelled'])), name='job_state_valid'),
                ],
            },
        ),
        migrations.CreateModel(
            name='ScheduledTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True)),
                ('last_enqueued_at', models.DateTimeField(blank=True, null=True)),
                ('last_job', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='crm.job')),
            ],
        ),
    ]
