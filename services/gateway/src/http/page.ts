import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { PageMeta } from '@yiti/contracts';

/** Documents a paginated list of `item`: { items, total, page, pageSize }. */
export function ApiPage(item: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(PageMeta, item),
    ApiOkResponse({
      schema: {
        allOf: [{ $ref: getSchemaPath(PageMeta) }, { properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } }, required: ['items'] }],
      },
    }),
  );
}
