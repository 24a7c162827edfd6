import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('events', '0004_subject_trigram_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='EventReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('minutes_before', models.PositiveIntegerField(choices=[(5, '5 minutes before'), (15, '15 minutes before'), (30, '30 minutes before'), (60, '1 hour before'), (120, '2 hours before'), (1440, '1 day before'), (2880, '2 days before'), (10080, '1 week before')], verbose_name='when')),
                ('due_at', models.DateTimeField()),
                ('remind_at', models.DateTimeField()),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='events.event')),
            ],
            options={
                'verbose_name': 'reminder',
                'ordering': ['minutes_before'],
                'indexes': [models.Index(condition=models.Q(('sent_at__isnull', True)), fields=['remind_at'], name='event_reminder_due_idx')],
                'constraints': [models.UniqueConstraint(fields=('event', 'minutes_before'), name='event_reminder_unique_lead')],
            },
        ),
    ]
