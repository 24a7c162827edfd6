import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('opportunities', '0008_name_prefix_index'), ('parties', '0015_tags'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OpportunityTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='opportunity_tags', to='opportunities.opportunity')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='opportunity_links', to='parties.tag')),
            ],
            options={
                'verbose_name': 'opportunity tag',
                'indexes': [models.Index(fields=['tag', 'opportunity'], name='opptag_tag_opp_idx')],
                'constraints': [models.UniqueConstraint(fields=('opportunity', 'tag'), name='opportunitytag_unique')],
            },
        ),
    ]
