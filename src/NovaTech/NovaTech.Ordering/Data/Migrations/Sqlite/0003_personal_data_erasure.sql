-- GDPR: when an order's e-mail and delivery address were erased (the accounting record stays).
ALTER TABLE "ordering_orders" ADD COLUMN "personal_data_erased_at" INTEGER NULL;
