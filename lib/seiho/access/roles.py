"""The roles a workbench user can have."""

from enum import StrEnum


class Role(StrEnum):
    CASEWORKER = "caseworker"          # ケースワーカー（地区担当員）
    SUPERVISOR = "supervisor"          # 査察指導員
    MEDICAL_CLERK = "medical_clerk"    # 医療担当
    ANALYST = "analyst"                # 庶務・企画（仮名化データのみ）
    ADMIN = "admin"                    # システム管理者


ROLE_LABELS = {
    Role.CASEWORKER: "ケースワーカー",
    Role.SUPERVISOR: "査察指導員",
    Role.MEDICAL_CLERK: "医療担当",
    Role.ANALYST: "分析担当",
    Role.ADMIN: "管理者",
}
