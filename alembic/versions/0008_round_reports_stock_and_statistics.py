"""Round reports (counts only), prevention stock, public statistics counts; zones' commune.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 00:16:21.530418
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

INDICATORS = (
    "people-met",
    "rapid-tests",
    "material:male-condoms",
    "material:internal-condoms",
    "material:lubricant",
    "material:hiv-self-tests",
    "material:sti-self-sampling-kits",
    "material:pregnancy-tests",
    "material:emergency-contraception",
    "material:drug-use-equipment",
    "material:brochures",
    "material:hygiene-kits",
    "material:food-and-drink",
    "referrals:emergency-care",
    "referrals:general-care",
    "referrals:trod",
    "referrals:cegidd",
    "referrals:sexual-health-centre",
    "referrals:csapa",
    "referrals:caarud",
    "referrals:scmr",
    "referrals:pregnancy-ivg",
    "referrals:prep-pep",
    "referrals:police-trained",
    "referrals:social-rights",
    "referrals:exit-pathway",
    "referrals:protection-assistance",
    "referrals:emergency-shelter",
    "referrals:vaccination",
    "referrals:mental-health",
    "referrals:hygiene",
    "referrals:food",
    "referrals:community-health",
    "referrals:police",
    "referrals:pharmacy",
)
"""Every statistics indicator at this revision (a new referral category adds its own)."""
TENANT = "nullif(current_setting('app.association_id', true), '')::uuid"
ISOLATED = ("round_report", "zone_report", "referral_count", "stock_movement", "stock_threshold")

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('stats_count',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('commune', sa.Text(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('contributor', sa.UUID(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('value >= 0', name=op.f('ck_stats_count_value')),
    sa.CheckConstraint(
        "commune = 'inconnue' OR commune ~ '^(\\d{5}|2[AB]\\d{3})$'",
        name=op.f("ck_stats_count_commune"),
    ),
    sa.CheckConstraint(
        f"indicator IN ({', '.join(repr(i) for i in INDICATORS)})",
        name=op.f("ck_stats_count_indicator"),
    ),
    sa.PrimaryKeyConstraint('month', 'commune', 'indicator', 'contributor', name=op.f('pk_stats_count'))
    )
    op.create_table('round_report',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('association_id', sa.UUID(), nullable=False),
    sa.Column('key', sa.UUID(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('submitted_by', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_round_report_association_id_association'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_report')),
    sa.UniqueConstraint('association_id', 'key', name=op.f('uq_round_report_association_id_key'))
    )
    op.create_index(op.f('ix_round_report_association_id'), 'round_report', ['association_id'], unique=False)
    op.create_table('stock_threshold',
    sa.Column('association_id', sa.UUID(), nullable=False),
    sa.Column('item', sa.Text(), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.CheckConstraint("item IN ('male-condoms', 'internal-condoms', 'lubricant', 'hiv-self-tests', 'sti-self-sampling-kits', 'pregnancy-tests', 'emergency-contraception', 'drug-use-equipment', 'brochures', 'hygiene-kits', 'food-and-drink')", name=op.f('ck_stock_threshold_item')),
    sa.CheckConstraint('threshold >= 0', name=op.f('ck_stock_threshold_threshold')),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_stock_threshold_association_id_association'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('association_id', 'item', name=op.f('pk_stock_threshold'))
    )
    op.create_table('zone_report',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('report_id', sa.UUID(), nullable=False),
    sa.Column('association_id', sa.UUID(), nullable=False),
    sa.Column('zone_id', sa.UUID(), nullable=True),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('commune', sa.Text(), nullable=True),
    sa.Column('people_met', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('rapid_tests', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('male_condoms', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('internal_condoms', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('lubricant', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('hiv_self_tests', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('sti_self_sampling_kits', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('pregnancy_tests', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('emergency_contraception', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('drug_use_equipment', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('brochures', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('hygiene_kits', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('food_and_drink', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.CheckConstraint("commune IS NULL OR commune ~ '^(\\d{5}|2[AB]\\d{3})$'", name=op.f('ck_zone_report_commune')),
    sa.CheckConstraint('brochures >= 0', name=op.f('ck_zone_report_brochures')),
    sa.CheckConstraint('drug_use_equipment >= 0', name=op.f('ck_zone_report_drug_use_equipment')),
    sa.CheckConstraint('emergency_contraception >= 0', name=op.f('ck_zone_report_emergency_contraception')),
    sa.CheckConstraint('food_and_drink >= 0', name=op.f('ck_zone_report_food_and_drink')),
    sa.CheckConstraint('hiv_self_tests >= 0', name=op.f('ck_zone_report_hiv_self_tests')),
    sa.CheckConstraint('hygiene_kits >= 0', name=op.f('ck_zone_report_hygiene_kits')),
    sa.CheckConstraint('internal_condoms >= 0', name=op.f('ck_zone_report_internal_condoms')),
    sa.CheckConstraint('lubricant >= 0', name=op.f('ck_zone_report_lubricant')),
    sa.CheckConstraint('male_condoms >= 0', name=op.f('ck_zone_report_male_condoms')),
    sa.CheckConstraint('people_met >= 0', name=op.f('ck_zone_report_people_met')),
    sa.CheckConstraint('pregnancy_tests >= 0', name=op.f('ck_zone_report_pregnancy_tests')),
    sa.CheckConstraint('rapid_tests >= 0', name=op.f('ck_zone_report_rapid_tests')),
    sa.CheckConstraint('sti_self_sampling_kits >= 0', name=op.f('ck_zone_report_sti_self_sampling_kits')),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_zone_report_association_id_association'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['round_report.id'], name=op.f('fk_zone_report_report_id_round_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['zone_id'], ['zone.id'], name=op.f('fk_zone_report_zone_id_zone'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zone_report'))
    )
    op.create_index(op.f('ix_zone_report_association_id'), 'zone_report', ['association_id'], unique=False)
    op.create_index(op.f('ix_zone_report_report_id'), 'zone_report', ['report_id'], unique=False)
    op.create_index(op.f('ix_zone_report_zone_id'), 'zone_report', ['zone_id'], unique=False)
    op.create_table('referral_count',
    sa.Column('zone_report_id', sa.UUID(), nullable=False),
    sa.Column('category_id', sa.SmallInteger(), nullable=False),
    sa.Column('association_id', sa.UUID(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.CheckConstraint('count > 0', name=op.f('ck_referral_count_count')),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_referral_count_association_id_association'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['zone_report_id'], ['zone_report.id'], name=op.f('fk_referral_count_zone_report_id_zone_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('zone_report_id', 'category_id', name=op.f('pk_referral_count'))
    )
    op.create_index(op.f('ix_referral_count_association_id'), 'referral_count', ['association_id'], unique=False)
    op.create_table('stock_movement',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('association_id', sa.UUID(), nullable=False),
    sa.Column('item', sa.Text(), nullable=False),
    sa.Column('delta', sa.Integer(), nullable=False),
    sa.Column('zone_report_id', sa.UUID(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("item IN ('male-condoms', 'internal-condoms', 'lubricant', 'hiv-self-tests', 'sti-self-sampling-kits', 'pregnancy-tests', 'emergency-contraception', 'drug-use-equipment', 'brochures', 'hygiene-kits', 'food-and-drink')", name=op.f('ck_stock_movement_item')),
    sa.CheckConstraint('delta <> 0', name=op.f('ck_stock_movement_delta')),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_stock_movement_association_id_association'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['zone_report_id'], ['zone_report.id'], name=op.f('fk_stock_movement_zone_report_id_zone_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_movement'))
    )
    op.create_index(op.f('ix_stock_movement_association_id'), 'stock_movement', ['association_id'], unique=False)
    op.create_index(op.f('ix_stock_movement_zone_report_id'), 'stock_movement', ['zone_report_id'], unique=False)
    op.add_column('zone', sa.Column('commune', sa.Text(), nullable=True))
    op.create_check_constraint(
        op.f("ck_zone_commune"), "zone", "commune IS NULL OR commune ~ '^(\\d{5}|2[AB]\\d{3})$'"
    )
    for table in ISOLATED:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY association_isolation ON {table} "
            f"USING (association_id = {TENANT}) WITH CHECK (association_id = {TENANT})"
        )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_constraint(op.f("ck_zone_commune"), "zone", type_="check")
    op.drop_column('zone', 'commune')
    op.drop_index(op.f('ix_stock_movement_zone_report_id'), table_name='stock_movement')
    op.drop_index(op.f('ix_stock_movement_association_id'), table_name='stock_movement')
    op.drop_table('stock_movement')
    op.drop_index(op.f('ix_referral_count_association_id'), table_name='referral_count')
    op.drop_table('referral_count')
    op.drop_index(op.f('ix_zone_report_zone_id'), table_name='zone_report')
    op.drop_index(op.f('ix_zone_report_report_id'), table_name='zone_report')
    op.drop_index(op.f('ix_zone_report_association_id'), table_name='zone_report')
    op.drop_table('zone_report')
    op.drop_table('stock_threshold')
    op.drop_index(op.f('ix_round_report_association_id'), table_name='round_report')
    op.drop_table('round_report')
    op.drop_table('stats_count')
